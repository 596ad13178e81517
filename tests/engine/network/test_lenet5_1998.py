"""LeNet-5 as built in 1998: the paper's C3 table, its parameter counts layer by layer, the shipped
weights (unconnected kernels 0) and training from its recipe."""

from __future__ import annotations

import numpy as np

from engine.network import PRESETS, load, train
from engine.network.presets import lenet5, lenet5_1998

# Table I of LeCun et al. (1998), as printed: a row per S2 map (0-5), a column per C3 map (0-15),
# X where the C3 map sees the S2 map.
TABLE_I = """
X . . . X X X . . X X X X . X X
X X . . . X X X . . X X X X . X
X X X . . . X X X . . X . X X X
. X X X . . X X X X . . X . X X
. . X X X . . X X X X . X X . X
. . . X X X . . X X X X . X X X
"""


def _table_i() -> list[list[int]]:
    """Table I read by columns: one row per C3 map, one entry per S2 map."""
    rows = [[int(c == "X") for c in line.split()] for line in TABLE_I.strip().splitlines()]
    return [[rows[s2][c3] for s2 in range(6)] for c3 in range(16)]


def test_c3_connection_table_is_table_i_of_the_paper():
    assert lenet5_1998.C3_TABLE == _table_i()
    sees = [tuple(i for i, v in enumerate(row) if v) for row in lenet5_1998.C3_TABLE]

    def contiguous(s: tuple[int, ...]) -> bool:
        return any(set(s) == {(j + k) % 6 for k in range(len(s))} for j in range(6))

    assert [len(s) for s in sees] == [3] * 6 + [4] * 9 + [6]
    assert all(contiguous(s) for s in sees[:12]) and not any(contiguous(s) for s in sees[12:15])
    assert sum(map(len, sees)) == 60


def test_parameters_are_the_papers_layer_by_layer():
    summary = PRESETS["lenet5_1998"].summary
    rows = {r.name: r for r in summary.layers}
    expected = {"C1": 156, "S2": 12, "C3": 1_516, "S4": 32, "C5": 48_120, "F6": 10_164, "output": 840}
    assert {n: rows[n].params for n in expected} == expected
    assert summary.params == 60_840 == sum(expected.values())
    assert [rows[n].output_shape for n in ("C1", "S2", "C3", "S4", "C5", "F6", "output")] == [
        (6, 28, 28), (6, 14, 14), (16, 10, 10), (16, 5, 5), (120, 1, 1), (84,), (10,)]
    assert rows["C3"].macs == 60 * 25 * 100  # only the 60 connected kernels slide
    kinds = [r.kind for r in summary.layers]
    assert kinds.count("scaled_tanh") == 6 and kinds.count("subsample") == 2
    assert "relu" not in kinds and "pool" not in kinds
    assert PRESETS["lenet5_1998"].run_summary == summary  # it runs at full size


def test_shipped_weights_hold_zeros_for_unconnected_kernels_and_count_60840():
    model = load("lenet5_1998")
    w = model.params["C3.weight"]  # (16, 6, 5, 5)
    table = np.array(lenet5_1998.C3_TABLE, bool)
    assert w.shape == (16, 6, 5, 5)
    assert np.all(w[~table] == 0) and np.all(np.abs(w[table]).sum(axis=(1, 2)) > 0)
    learned = sum(a.size for a in model.params.values()) - int((~table).sum()) * 25
    assert learned == 60_840
    assert "output.bias" not in model.params and model.params["output.weight"].shape == (10, 84)
    assert model.params["S2.weight"].shape == (6,) and model.params["S4.bias"].shape == (16,)


def test_it_is_compared_with_the_modern_variant_on_the_same_digits():
    old, new = PRESETS["lenet5_1998"], PRESETS["lenet5"]
    assert old.compare == "lenet5" and new.compare is None
    assert old.preprocess is new.preprocess and old.input_shape == new.input_shape == (1, 32, 32)
    assert old.labels == new.labels and old.sample_kind == new.sample_kind == "digit"
    x_old, y_old = old.recipe.test_set()
    x_new, y_new = new.recipe.test_set()
    np.testing.assert_array_equal(x_old, x_new)
    np.testing.assert_array_equal(y_old, y_new)
    assert "modern variant" in new.title and "1998" in old.title
    assert "60,840 parameters" in old.description and "61,706 parameters" in new.description
    assert new.description.startswith("A modern variant of LeNet-5 (LeCun et al., 1998)")


def test_model_card_states_the_recipe_and_held_out_accuracy():
    card = PRESETS["lenet5_1998"].model_card
    assert card and card.startswith("# lenet5_1998: model card")
    assert "Held-out accuracy: **" in card and "of 359)" in card
    t = lenet5_1998.TRAINING
    assert (f"cnnvis train lenet5_1998 --steps {t['steps']} --learning-rate {t['learning_rate']} "
            f"--batch-size {t['batch_size']} --optimizer {t['optimizer']} --seed {t['seed']}") in card
    assert lenet5_1998.TRAINING == lenet5.TRAINING  # the two differ only in their layers


def test_training_keeps_unconnected_kernels_at_zero_and_is_deterministic():
    table = np.array(lenet5_1998.C3_TABLE, bool)
    runs = [list(train("lenet5_1998", steps=4, batch_size=8, seed=3, weight_decay=1e-3, every=2))
            for _ in range(2)]
    a, b = (r[-1].model.params for r in runs)
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert np.all(a["C3.weight"][~table] == 0) and np.any(a["C3.weight"][table] != 0)
    assert runs[0][1].kernels.shape == (6, 1, 5, 5)  # C1's kernels are what training shows


def test_the_wheel_carries_the_weights_and_their_card():
    import fnmatch
    import tomllib
    from pathlib import Path

    from engine.network.store import WEIGHTS_DIR

    root = Path(__file__).resolve().parents[3]
    config = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]
    globs = config["package-data"]["engine.network"]
    for name in ("lenet5_1998.npz", "lenet5_1998.md"):
        assert (WEIGHTS_DIR / name).is_file()
        assert any(fnmatch.fnmatch(f"weights/{name}", g) for g in globs), name
    assert "engine.network.presets" in config["packages"]
    assert (WEIGHTS_DIR / "lenet5_1998.npz").stat().st_size < 300_000  # small
