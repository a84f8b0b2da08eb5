"""Talking to a person and rating answers: the data both the connectors and the console work on.

The connectors queue conversations, route a citizen's messages to the person who owns them and store
ratings; the console claims, replies, closes and shows analytics. Neither imports the other: they share
these tables, and the console replies through the connectors' outbound API.
"""
