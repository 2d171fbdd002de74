"""Copy as code: Python for the async or sync client that does what the explorer did."""
