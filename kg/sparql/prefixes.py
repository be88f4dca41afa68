"""The prefixes query results are written with: the graph's own
(:data:`kg.graph.build.PREFIXES`) as plain strings, so that ``kg query``
starts without importing rdflib (a test keeps the two equal)."""

PREFIXES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "kg": "https://w3id.org/kg-gongwen/ontology#",
    "id": "https://w3id.org/kg-gongwen/id/",
    "dt": "https://w3id.org/kg-gongwen/doctype/",
    "dcterms": "http://purl.org/dc/terms/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "oa": "http://www.w3.org/ns/oa#",
    "odrl": "http://www.w3.org/ns/odrl/2/",
    "role": "https://w3id.org/kg-gongwen/role/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
# longest namespace first, so that a name takes the most specific prefix
LONGEST_FIRST = sorted(PREFIXES.items(), key=lambda p: -len(p[1]))
