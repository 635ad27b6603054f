"""Analyses over normal-form functions: what each operation is, types, activity, shapes."""
