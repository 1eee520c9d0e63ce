"""`workbench` with the policy-only pipeline of the matrix, for cases run in a subprocess."""

from workbench import service as service_module
from workbench.pipeline import Pipeline
from workbench.scoring.base import ScoringContext
from workbench.scoring.registry import build_scorers


def pipeline(self):  # type: ignore[no-untyped-def]
    if self._pipeline is None:
        scorers = build_scorers(ScoringContext(self.config), ["policy"])
        self._pipeline = Pipeline(self.config, store=self.store, scorers=scorers)
    return self._pipeline


service_module.Service.pipeline = property(pipeline)
from workbench.cli import main  # noqa: E402 - after the patch above

main()
