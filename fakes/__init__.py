"""Local fakes shared by the tests and the benchmarks: Telegram Bot API, Zalo OA API and Rasa REST
servers over real HTTP on loopback, recorded platform payloads, free ports. Never used in production."""
