package dev.capstan.services;

/** A supervisor refused or failed an action; the message says which and why. */
public final class ServiceException extends Exception {

  public ServiceException(String message) {
    super(message);
  }
}
