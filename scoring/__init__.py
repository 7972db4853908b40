"""The rules of a Co-Panel round, as pure functions: standard library only, plain values in and out."""
