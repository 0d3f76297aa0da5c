public enum KIRNamespace {}
