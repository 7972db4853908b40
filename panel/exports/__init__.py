"""Exports: the decisions workbook (.xlsx, or CSVs) a commissioner takes away from a round."""
