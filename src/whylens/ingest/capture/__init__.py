"""What capture requests carry, as canonical event records: Segment's and PostHog's HTTP APIs
(`segment`, `posthog`), body decoding (`body`), the record and its checks (`records`) and clock
skew correction (`skew`). No I/O here: the server routes and the write-ahead log use these.
"""
