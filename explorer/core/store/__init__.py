"""What is kept on disk: connection profiles, the query history and saved queries."""
