"""Messages inside Co-Panel: the list a person reads, and the unread count in every page's header."""
