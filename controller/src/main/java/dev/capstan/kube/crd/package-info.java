/**
 * The custom resources of Kubernetes mode, from which fabric8's CRD generator writes {@code crds/}.
 *
 * <p>The spec classes mirror the YAML shape of the documents that file mode reads (strings for
 * durations, hosts as written, {@code secretRef} mappings), not the model records: the model holds
 * parsed values ({@code HostAddress}, {@code Duration}) whose Jackson form is not the documented
 * YAML. A resource is turned back into its YAML text and read by {@code DesiredStateLoader}, so the
 * one loader validates both modes and a field added to the model needs one line here.
 */
package dev.capstan.kube.crd;
