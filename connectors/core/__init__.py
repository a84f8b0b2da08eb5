"""Platform-neutral parts shared by every connector: Rasa client, pipeline, stores."""
