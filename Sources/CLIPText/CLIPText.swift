// CLIPText: see DESIGN.md for this module's job.
