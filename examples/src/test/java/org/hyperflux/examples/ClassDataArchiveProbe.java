package org.hyperflux.examples;

/**
 * The program that {@link ClassDataArchiveTest} packs into a jar and records class-data archives
 * with. Its first argument is the subcommand, as for hyperflux's jar; after it, each argument
 * {@code a} or {@code b} loads the nested class of that name, {@code fail} exits with status 3.
 */
public final class ClassDataArchiveProbe {
  private ClassDataArchiveProbe() {}

  public static void main(String[] args) {
    for (String arg : java.util.Arrays.asList(args).subList(1, args.length)) {
      switch (arg) {
        case "a" -> System.out.println(new A());
        case "b" -> System.out.println(new B());
        case "fail" -> System.exit(3);
        default -> throw new IllegalArgumentException(arg);
      }
    }
  }

  static final class A {
    @Override
    public String toString() {
      return "a";
    }
  }

  static final class B {
    @Override
    public String toString() {
      return "b";
    }
  }
}
