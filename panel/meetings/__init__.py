"""The live consensus meeting: chair console, panellist view and projector screen, in step over Socket.IO."""
