"""The aggregation models' fast paths give bit for bit the runs of the code before the speed-ups.

The compiled kernels of :mod:`socmodels.aggregation` were made faster under one condition:
the same random numbers drawn in the same order and the same float arithmetic, so every
stored notebook output stays valid. ``REFERENCE`` holds a digest of every field of each
run below, computed by the code of commit 43abfea (before the speed-ups); the cases cover
the paths the speed-ups touch (2 × 2 tori, whose neighbours are listed twice; open
lattices; the mass media with default and given media; runs cut short by ``max_steps``;
cached and uncached recommender weights; the AI; given networks). The readable rules are
checked against the fast paths in test_aggregation.py.
"""

import dataclasses
import hashlib

import numpy as np
import pytest
import scipy.sparse as sp

from socmodels import aggregation as ag
from socmodels import networks as nw


def digest(run):
    h = hashlib.sha256()
    for f in dataclasses.fields(run):
        v = getattr(run, f.name)
        if sp.issparse(v):
            v = v.toarray()
        if isinstance(v, np.ndarray):
            h.update(f.name.encode())
            h.update(str(v.dtype).encode())
            h.update(np.ascontiguousarray(v).tobytes())
        else:
            h.update(f"{f.name}={v!r}".encode())
    return h.hexdigest()[:16]


def cases():
    for side, F, q, B, per, ms, nr in [
        (2, 3, 2, 0.0, True, 10**8, 20),
        (2, 4, 3, 0.3, True, 10**8, 5),
        (5, 3, 4, 0.0, False, 10**8, 20),
        (10, 10, 30, 0.0, True, 10**8, 20),
        (12, 10, 50, 0.0, False, 5000, 7),
        (20, 10, 50, 0.0, True, 10**8, 20),
        (15, 5, 15, 0.01, True, 10**8, 20),
        (15, 5, 15, 0.2, True, 10**8, 3),
        (8, 6, 5, 0.05, False, 10**8, 20),
        (20, 10, 100, 0.0, True, 10**8, 1),
    ]:
        for s in (0, 1, 7):
            init = ag.random_culture(side, n_features=F, n_traits=q, rng=s)
            yield (
                f"axelrod{side},{F},{q},{B},{per},{ms},{nr},{s}",
                lambda init=init, B=B, per=per, ms=ms, nr=nr, s=s: ag.axelrod_culture(
                    init, media_strength=B, periodic=per, max_steps=ms, n_records=nr, rng=s
                ),
            )
    media = np.array([1, 2, 0, 3, 1])
    for s in (0, 3):
        init = ag.random_culture(9, n_features=5, n_traits=4, rng=s)
        yield (
            f"axelrod-media{s}",
            lambda init=init, s=s: ag.axelrod_culture(init, media_strength=0.1, media=media, rng=s),
        )
    for n, gamma, steps, nr, eps, mu in [
        (50, 0.0, 20000, 20, 0.2, 0.5),
        (50, 0.5, 20000, 20, 0.2, 0.5),
        (80, 1.5, 30000, 13, 0.3, 0.5),
        (60, 3.0, 20000, 20, 0.2, 0.3),
        (200, 1.5, 60000, 20, 0.2, 0.5),
        (300, 0.5, 30000, 20, 0.25, 0.5),
        (40, 1.0, 5000, 4, 1.0, 0.5),
        (2100, 1.5, 3000, 3, 0.2, 0.5),
        (500, 1.5, 50000, 20, 0.2, 0.5),
    ]:
        for s in (0, 2, 5):
            x0 = np.random.default_rng(s).random(n)
            yield (
                f"bias{n},{gamma},{steps},{nr},{eps},{mu},{s}",
                lambda x0=x0, gamma=gamma, steps=steps, nr=nr, eps=eps, mu=mu, s=s: (
                    ag.algorithmic_bias(
                        x0, gamma=gamma, max_steps=steps, n_records=nr, epsilon=eps, mu=mu, rng=s
                    )
                ),
            )
    for n, gamma, rate, cur, steps in [
        (100, 0.0, 0.1, False, 10000),
        (100, 1.5, 0.1, True, 10000),
        (300, 1.5, 0.1, False, 20000),
        (300, 1.5, 0.0, False, 20000),
        (60, 0.5, 0.5, True, 8000),
        (2100, 1.0, 0.2, False, 2000),
    ]:
        for s in (1, 4):
            x0 = np.random.default_rng(s).random(n)
            learns = (x0 < 0.3).astype(int) if cur else None
            yield (
                f"ai{n},{gamma},{rate},{cur},{steps},{s}",
                lambda x0=x0, learns=learns, rate=rate, gamma=gamma, steps=steps, s=s: (
                    ag.learning_ai_public(
                        x0, learns_from=learns, ai_rate=rate, gamma=gamma, n_steps=steps, rng=s
                    )
                ),
            )
    for n, phi, md, ms, nr in [
        (100, 0.05, 4.0, 10**8, 20),
        (200, 0.458, 4.0, 10**8, 20),
        (300, 0.8, 4.0, 10**8, 20),
        (150, 0.46, 4.0, 10**8, 1),
        (1000, 0.6, 4.0, 10**8, 20),
        (500, 0.3, 3.0, 20000, 5),
        (50, 1.0, 4.0, 10**8, 20),
        (80, 0.0, 6.0, 10**8, 20),
    ]:
        for s in (0, 1, 9):
            op = np.random.default_rng(100 + s).integers(0, max(1, n // 10), n)
            yield (
                f"hn{n},{phi},{md},{ms},{nr},{s}",
                lambda op=op, phi=phi, md=md, ms=ms, nr=nr, s=s: ag.holme_newman(
                    op, phi=phi, mean_degree=md, max_steps=ms, n_records=nr, rng=s
                ),
            )
    for s in (0, 2):
        adj = nw.erdos_renyi(120, mean_degree=5.0, rng=s)
        op = np.random.default_rng(s).integers(0, 12, 120)
        yield (
            f"hn-adj{s}",
            lambda adj=adj, op=op, s=s: ag.holme_newman(op, adjacency=adj, phi=0.5, rng=s),
        )


CASES = dict(cases())

REFERENCE = {
    "axelrod2,3,2,0.0,True,100000000,20,0": "9ac444d44af9c9ab",
    "axelrod2,3,2,0.0,True,100000000,20,1": "5ce450a4cc6c240a",
    "axelrod2,3,2,0.0,True,100000000,20,7": "43955626e8fc3c6a",
    "axelrod2,4,3,0.3,True,100000000,5,0": "7b02f8500875d021",
    "axelrod2,4,3,0.3,True,100000000,5,1": "2c5d6c130b9c91a1",
    "axelrod2,4,3,0.3,True,100000000,5,7": "8e0740186566b8d3",
    "axelrod5,3,4,0.0,False,100000000,20,0": "c0fa6b2fc87795ff",
    "axelrod5,3,4,0.0,False,100000000,20,1": "ac92b5827e4311b4",
    "axelrod5,3,4,0.0,False,100000000,20,7": "361680968382770b",
    "axelrod10,10,30,0.0,True,100000000,20,0": "5a5db8adceb67623",
    "axelrod10,10,30,0.0,True,100000000,20,1": "8b21d33a1ed0de2e",
    "axelrod10,10,30,0.0,True,100000000,20,7": "c8f45040fa555b30",
    "axelrod12,10,50,0.0,False,5000,7,0": "67aee1266be55ca4",
    "axelrod12,10,50,0.0,False,5000,7,1": "66508f784eb24ee7",
    "axelrod12,10,50,0.0,False,5000,7,7": "1c3a074149dbc861",
    "axelrod20,10,50,0.0,True,100000000,20,0": "84b9d2aced75158f",
    "axelrod20,10,50,0.0,True,100000000,20,1": "62395ef25afdaaed",
    "axelrod20,10,50,0.0,True,100000000,20,7": "bb15072a58c74839",
    "axelrod15,5,15,0.01,True,100000000,20,0": "7f63e534492f555c",
    "axelrod15,5,15,0.01,True,100000000,20,1": "6cbfdca755affed7",
    "axelrod15,5,15,0.01,True,100000000,20,7": "b2461034aa15b98f",
    "axelrod15,5,15,0.2,True,100000000,3,0": "5d3fb1b2376b1c91",
    "axelrod15,5,15,0.2,True,100000000,3,1": "11a130490c56d473",
    "axelrod15,5,15,0.2,True,100000000,3,7": "53bdc031603e1d29",
    "axelrod8,6,5,0.05,False,100000000,20,0": "f962302e4d832d12",
    "axelrod8,6,5,0.05,False,100000000,20,1": "c00c8341a7297e8e",
    "axelrod8,6,5,0.05,False,100000000,20,7": "a1ae8f2ab3062bdc",
    "axelrod20,10,100,0.0,True,100000000,1,0": "ef2fcbc1eea51863",
    "axelrod20,10,100,0.0,True,100000000,1,1": "0d6955d6fa90ecf3",
    "axelrod20,10,100,0.0,True,100000000,1,7": "9aab4db1a25f32d8",
    "axelrod-media0": "008753c2d095da5d",
    "axelrod-media3": "af22ad359416ef6c",
    "bias50,0.0,20000,20,0.2,0.5,0": "0e91c135a78e5e87",
    "bias50,0.0,20000,20,0.2,0.5,2": "c1abf4ef49bb50da",
    "bias50,0.0,20000,20,0.2,0.5,5": "1a4f7e7fa7c08a0b",
    "bias50,0.5,20000,20,0.2,0.5,0": "2768c2420d098062",
    "bias50,0.5,20000,20,0.2,0.5,2": "8365f072b9ddb2cf",
    "bias50,0.5,20000,20,0.2,0.5,5": "41a2d1b91e734f9a",
    "bias80,1.5,30000,13,0.3,0.5,0": "3fc9a9ffef324df3",
    "bias80,1.5,30000,13,0.3,0.5,2": "43e4d399ec2175c3",
    "bias80,1.5,30000,13,0.3,0.5,5": "b7bfcf1ae19e647e",
    "bias60,3.0,20000,20,0.2,0.3,0": "0217c4deb35653a6",
    "bias60,3.0,20000,20,0.2,0.3,2": "c27da9c7c3f7b476",
    "bias60,3.0,20000,20,0.2,0.3,5": "55641e3f96c58872",
    "bias200,1.5,60000,20,0.2,0.5,0": "5f98a6f506523f2f",
    "bias200,1.5,60000,20,0.2,0.5,2": "a9ac3f926c0f7aaf",
    "bias200,1.5,60000,20,0.2,0.5,5": "abc099d1f8580c0a",
    "bias300,0.5,30000,20,0.25,0.5,0": "b053f45c6089e4a4",
    "bias300,0.5,30000,20,0.25,0.5,2": "839d2a2752c48091",
    "bias300,0.5,30000,20,0.25,0.5,5": "ac43e5423fe6190c",
    "bias40,1.0,5000,4,1.0,0.5,0": "198e375d82ce3f49",
    "bias40,1.0,5000,4,1.0,0.5,2": "fce787a0f68debe4",
    "bias40,1.0,5000,4,1.0,0.5,5": "4893d35ee3caa04a",
    "bias2100,1.5,3000,3,0.2,0.5,0": "4143e09d63ced6aa",
    "bias2100,1.5,3000,3,0.2,0.5,2": "55398bcba7b1cb81",
    "bias2100,1.5,3000,3,0.2,0.5,5": "e410027384cc96b9",
    "bias500,1.5,50000,20,0.2,0.5,0": "374036e23b801dde",
    "bias500,1.5,50000,20,0.2,0.5,2": "23911025706fb272",
    "bias500,1.5,50000,20,0.2,0.5,5": "049d4f41b92e4c73",
    "ai100,0.0,0.1,False,10000,1": "e761a136533da3ff",
    "ai100,0.0,0.1,False,10000,4": "16133a7ed41837d4",
    "ai100,1.5,0.1,True,10000,1": "5453c262f3abec0d",
    "ai100,1.5,0.1,True,10000,4": "34cdbec2dc88d5bd",
    "ai300,1.5,0.1,False,20000,1": "19ce9e16553252d0",
    "ai300,1.5,0.1,False,20000,4": "5bdc8ea9c920f51e",
    "ai300,1.5,0.0,False,20000,1": "03adeba143931932",
    "ai300,1.5,0.0,False,20000,4": "1a1268e03ec65b2a",
    "ai60,0.5,0.5,True,8000,1": "0adb87d0a28d6d4f",
    "ai60,0.5,0.5,True,8000,4": "bf59413c2321f914",
    "ai2100,1.0,0.2,False,2000,1": "eed74b34f31e4bfe",
    "ai2100,1.0,0.2,False,2000,4": "56db169c66d327cd",
    "hn100,0.05,4.0,100000000,20,0": "2c84d32f2bb87e73",
    "hn100,0.05,4.0,100000000,20,1": "9cf4d98761c016a7",
    "hn100,0.05,4.0,100000000,20,9": "dee994523333b8c0",
    "hn200,0.458,4.0,100000000,20,0": "37ea8f2f4dccc635",
    "hn200,0.458,4.0,100000000,20,1": "3cc52138be0ddd2b",
    "hn200,0.458,4.0,100000000,20,9": "6e6d548a5aa9ba00",
    "hn300,0.8,4.0,100000000,20,0": "b7a6c50ebdfe59b8",
    "hn300,0.8,4.0,100000000,20,1": "da02ec65a9634509",
    "hn300,0.8,4.0,100000000,20,9": "dd146e6a33389113",
    "hn150,0.46,4.0,100000000,1,0": "5f93b0b11415809a",
    "hn150,0.46,4.0,100000000,1,1": "9080397c2b16c1be",
    "hn150,0.46,4.0,100000000,1,9": "38516ac9f29213a5",
    "hn1000,0.6,4.0,100000000,20,0": "9c681a84701f0118",
    "hn1000,0.6,4.0,100000000,20,1": "2828be11e8dadfa9",
    "hn1000,0.6,4.0,100000000,20,9": "33aa4641617615ff",
    "hn500,0.3,3.0,20000,5,0": "d6cf84dc1bfe6635",
    "hn500,0.3,3.0,20000,5,1": "c9cdba8116ab8404",
    "hn500,0.3,3.0,20000,5,9": "de5c7ac41b65c6dc",
    "hn50,1.0,4.0,100000000,20,0": "0b037fe22347a519",
    "hn50,1.0,4.0,100000000,20,1": "9bf2021e4aab515a",
    "hn50,1.0,4.0,100000000,20,9": "98e907195f85d42f",
    "hn80,0.0,6.0,100000000,20,0": "6182e366be7e00cc",
    "hn80,0.0,6.0,100000000,20,1": "0be0152e03061ed7",
    "hn80,0.0,6.0,100000000,20,9": "6eb12dffe7c6cfdc",
    "hn-adj0": "98b1078eefc761ca",
    "hn-adj2": "4b269cf0e7c09f10",
}


def test_every_case_has_a_reference():
    assert sorted(CASES) == sorted(REFERENCE)


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_fast_path_gives_the_run_of_the_code_before_the_speed_ups(name):
    assert digest(CASES[name]()) == REFERENCE[name]


def test_a_changed_run_changes_the_digest():
    run = CASES["axelrod10,10,30,0.0,True,100000000,20,0"]()
    changed = dataclasses.replace(run, final=run.final.copy())
    changed.final.flat[0] += 1
    assert digest(changed) != digest(run)
