package dev.capstan.model;

/** The Django preset: adds collectstatic to the build and migrate to the migrate phase. */
public record DjangoSpec(String manage, boolean collectstatic, boolean migrate) {

  public static final String DEFAULT_MANAGE = "manage.py";
}
