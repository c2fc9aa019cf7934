"""The shared contract of councilkg: records passed between stages, errors, and RDF terms."""
