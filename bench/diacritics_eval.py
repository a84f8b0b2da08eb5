"""How well the diacritics restorer puts the marks back on real questions it did not learn from (Rasa virtualenv).

    RASA_TELEMETRY_ENABLED=false PYTHONPATH=rasa_project:. .venv-rasa/bin/python -m bench.diacritics_eval

Five folds over the train and dev pages (`bench.ranker_eval.fold_pairs`): a restorer learns from the texts the
fold's ranker learns from, then restores each held-out question typed without diacritics (its folded,
abbreviation-expanded words, as the ranker gives them to the encoder). Printed: the share of words restored to
the form the citizen wrote, counted on the question's own words (abbreviations the citizen typed, such as
"CCCD", are left out since their expansion has no written form to compare), and the time per message.
"""

from __future__ import annotations

import argparse
import sys
import time

from rasa.shared.nlu.training_data.loading import load_data
from vi_nlu.procedure_ranker import PROJECT_DIR, ProcedureRanker

from bench.ranker_eval import fold_pairs
from vi_text.diacritics import DiacriticsRestorer, sentences
from vi_text.text import fold, strip_diacritics


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)
    data = load_data(str(PROJECT_DIR / "data" / "nlu"))
    repeat = int(ProcedureRanker.get_default_config()["real_repeat"])
    right = total = messages = 0
    unknown = 0
    seconds = 0.0
    for held, pairs in fold_pairs(data, args.folds, repeat):
        restorer = DiacriticsRestorer.learn(t for t, _ in pairs)
        for item in held:
            written = list(sentences(str(item["text"])))
            start = time.perf_counter()
            restored = [restorer.restore_words([strip_diacritics(w) for w in words]) for words in written]
            seconds += time.perf_counter() - start
            messages += 1
            pairs_of_words = zip([w for s in written for w in s], [w for s in restored for w in s], strict=True)
            for want, got in pairs_of_words:
                if fold(want) == want:  # the citizen wrote no diacritic here: nothing to restore or to compare
                    continue
                total += 1
                right += want == got
                unknown += strip_diacritics(want) not in restorer.forms
    print(f"{messages} train+dev questions, restorer learnt without each question's page ({args.folds} folds)")
    print(f"accented words restored as written: {right} of {total} ({right / total:.3f}); "
          f"never seen in training: {unknown} ({unknown / total:.3f})")
    print(f"restoring: {1000 * seconds / messages:.2f} ms per message on average")
    return 0


if __name__ == "__main__":
    sys.exit(main())
