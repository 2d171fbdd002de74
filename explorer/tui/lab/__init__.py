"""The vector lab's views: self-contained widgets the Lab tab and the lab screens mount."""
