"""Second-order test functions: plain module-level code that s2sgrad differentiates twice."""
