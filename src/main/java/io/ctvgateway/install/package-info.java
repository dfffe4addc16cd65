/**
 * The accepted install, the seam between the stages: the typed value ({@link io.ctvgateway.install.AcceptedInstall})
 * and its journal codec, its preparation from a request ({@link io.ctvgateway.install.Submission}), its admission
 * ({@link io.ctvgateway.install.Intake}: backpressure, ledger claim, durable append, commit) and both halves of
 * the ledger/journal protocol ({@link io.ctvgateway.install.Settlement}: the ledger keeps the key before the
 * journal may forget the record; {@link io.ctvgateway.install.KeyRecovery}: keys of unsettled records at start).
 * One package owns these rules, so neither ingest nor delivery knows another stage's ordering.
 */
package io.ctvgateway.install;
