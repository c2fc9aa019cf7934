"""One reader per file format, each turning a file into the plain-text shapes the layout
readers understand (markdown '#' headings, '- ' bullets, tab-separated table rows)."""
