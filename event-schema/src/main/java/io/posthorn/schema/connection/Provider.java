package io.posthorn.schema.connection;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Who sends to an inbound connection, and so how its requests are signed (decision 0053). The wire
 * name is what the registry's API takes and what the event types of the connection's requests start
 * with ({@code inbound.<provider>.<kind>}).
 */
public enum Provider {
  /** Standard Webhooks ({@code webhook-id/-timestamp/-signature}), also Svix's {@code svix-*}. */
  STANDARD_WEBHOOKS("standard-webhooks", "standard_webhooks"),
  /** GitHub: {@code X-Hub-Signature-256}, delivery id {@code X-GitHub-Delivery}. */
  GITHUB("github", "github"),
  /** Stripe: {@code Stripe-Signature} with {@code t=} and one or more {@code v1=}. */
  STRIPE("stripe", "stripe"),
  /** Jira Cloud webhooks with a secret: {@code X-Hub-Signature: sha256=…}. */
  JIRA("jira", "jira"),
  /** Slack: {@code X-Slack-Signature} over {@code v0:<timestamp>:<body>}. */
  SLACK("slack", "slack"),
  /** Any HMAC scheme described by {@link ConnectionDocument.Hmac}. */
  HMAC("hmac", "hmac");

  private final String wireName;
  private final String typeSegment;

  Provider(String wireName, String typeSegment) {
    this.wireName = wireName;
    this.typeSegment = typeSegment;
  }

  /** The name in the API and in connection documents, e.g. {@code standard-webhooks}. */
  public String wireName() {
    return wireName;
  }

  /** The provider's segment of the default event type prefix: {@code inbound.<segment>}. */
  public String defaultEventTypePrefix() {
    return "inbound." + typeSegment;
  }

  /** The provider named {@code wireName} (any case). */
  public static Optional<Provider> of(String wireName) {
    String name = wireName == null ? "" : wireName.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(p -> p.wireName.equals(name)).findFirst();
  }

  /** The wire names, for messages: {@code standard-webhooks, github, …}. */
  public static String names() {
    return String.join(", ", Arrays.stream(values()).map(Provider::wireName).toList());
  }
}
