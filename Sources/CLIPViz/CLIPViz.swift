// CLIPViz: see DESIGN.md for this module's job.
public enum CLIPViz {}
