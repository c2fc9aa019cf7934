"""One reader per plan layout. Each module has NAME, `looks_like(text) -> float` (0..1, how
sure it is from the content alone) and `read(text, source) -> list[RawRow]`.

Layouts are chosen from content, never from the file name (issue 2, item 3).
"""
