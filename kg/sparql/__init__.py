"""SPARQL over a built graph.

- :mod:`.store`: the embedded store (Oxigraph), shipped queries and their parameters;
- :mod:`.remote`: an external store (push with the Graph Store Protocol, query over HTTP);
- :mod:`.endpoint`: ``kg serve``, a read-only SPARQL 1.1 Protocol endpoint, with
  :mod:`.service` (SERVICE calls found before a query runs) and :mod:`.workers`
  (the processes that answer queries under time and memory limits);
- :mod:`.results`: results as tables, CSV, JSON, XML, Markdown or RDF.
"""
