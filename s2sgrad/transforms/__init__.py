"""The transformation pipeline, one module per stage:

parse -> fence -> normalize -> analyze -> reverse -> optimize -> codegen
"""
