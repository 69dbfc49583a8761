"""A generated world of member sites for discovery tests and benchmarks (issue 13).

    from tests.world.generator import make_world       # sites, pages, expected articles
    from tests.world.server import WorldServer         # served at http://<site-id>.test
    from tests.world.score import score                # recall, precision, field rates

Everything in it is invented text (tests/world/content.py); nothing reaches the internet.
"""
