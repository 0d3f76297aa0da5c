import Compiler
public enum ExecutorNamespace {}
