"""Your account: a new password, and where you are signed in (with a way to sign out everywhere)."""
