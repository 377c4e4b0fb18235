package dev.capstan.reconcile;

/**
 * One step of an Environment pass, in the manner of Flux's reconcile step functions: it does its
 * work on the pass's hosts, records outcomes on them, and says whether the pass goes on.
 */
@FunctionalInterface
interface PassStep {

  /** What the pass does after a step. */
  enum Next {
    CONTINUE,
    /** The pass ends here; only its closing steps run. */
    STOP
  }

  Next run(PassState pass);
}
