"""`isoback serve`: the coach over SSH, one app per connection, for listed keys only."""
