"""Helpers of the end-to-end suite: services, the server process, clients, inspection of DB and bucket."""
