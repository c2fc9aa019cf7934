"""The embedders: deterministic fake for tests, the bundled MiniLM offline."""
import numpy as np
import pytest

from search.embedder import DEFAULT_MODEL, FakeEmbedder, make_embedder


def test_fake_embedder_gives_the_same_normalised_vector_for_the_same_text():
    e = FakeEmbedder()
    a, b = e.encode(["Retrofit homes on the Hollowfield Estate"] * 2)
    assert np.allclose(a, b)
    assert np.isclose(np.linalg.norm(a), 1.0, atol=1e-5)
    assert e.encode(["x", "y"]).dtype == np.float32


def test_fake_embedder_puts_texts_sharing_words_closer_than_unrelated_texts():
    q, near, far = FakeEmbedder().encode(["air quality", "improve air quality in the borough",
                                          "family hubs opening"])
    assert q @ near > q @ far + 0.2


def test_make_embedder_reuses_one_instance_per_model():
    assert make_embedder("fake", "anything") is make_embedder("fake", "other")


def test_make_embedder_rejects_an_unknown_kind():
    with pytest.raises(ValueError, match="Unknown embedder"):
        make_embedder("word2vec", "x")


@pytest.mark.slow
def test_bundled_minilm_loads_offline_and_relates_a_paraphrase():
    e = make_embedder("sentence-transformers", DEFAULT_MODEL)
    assert e.dim == 384 and e.name == DEFAULT_MODEL
    q, para, other = e.encode(["what are we doing to clean up the air",
                               "Support actions to improve air quality in the borough",
                               "Open two family hubs"], show_progress=True)
    assert q @ para > q @ other + 0.2
