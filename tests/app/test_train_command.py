"""`cnnvis train`: registered, prints progress, writes weights and a model card."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app.cli import build_parser, load_commands, main


def test_train_is_a_subcommand() -> None:
    args = build_parser(load_commands()).parse_args(["train", "tinyvgg", "--steps", "7"])
    assert args.name == "tinyvgg" and args.steps == 7 and args.seed is None


def test_train_writes_weights_and_a_model_card(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["train", "lenet5", "--steps", "4", "--batch-size", "8", "--print-every", "2",
                   "--out", str(tmp_path)])
    assert status == 0
    out = capsys.readouterr().out
    assert "step     2/4" in out and "held-out accuracy" in out
    with np.load(tmp_path / "lenet5.npz") as f:
        assert f["C1.weight"].shape == (6, 1, 5, 5)
    card = (tmp_path / "lenet5.md").read_text()
    assert "Held-out accuracy: **" in card and "cnnvis train lenet5 --steps 4" in card


def test_train_rejects_an_unknown_network(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["train", "resnet18"])
    assert "invalid choice: 'resnet18'" in capsys.readouterr().err


def test_the_command_offers_every_preset_with_a_training_recipe() -> None:
    from app.commands.train import PRESETS
    from engine import network
    assert PRESETS == network.TRAINABLE
    args = build_parser(load_commands()).parse_args(["train", "lenet5_1998", "--steps", "3"])
    assert args.name == "lenet5_1998"
