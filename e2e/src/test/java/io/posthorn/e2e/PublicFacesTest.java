package io.posthorn.e2e;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvent;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.posthorn.delivery.DeliveryException;
import io.posthorn.delivery.DeliveryListener;
import io.posthorn.delivery.DeliveryWorker;
import io.posthorn.delivery.WorkerConfig;
import io.posthorn.delivery.WorkerConfigException;
import io.posthorn.delivery.WorkerSettings;
import io.posthorn.delivery.dispatch.AttemptOutcome;
import io.posthorn.delivery.dispatch.AttemptSpanId;
import io.posthorn.delivery.dispatch.ConnectionPooling;
import io.posthorn.delivery.dispatch.DeliveryRequest;
import io.posthorn.delivery.dispatch.EgressProxy;
import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.EndpointSecret;
import io.posthorn.delivery.endpoint.EndpointTls;
import io.posthorn.delivery.endpoint.EndpointTopicWriter;
import io.posthorn.delivery.endpoint.EventTypeFilter;
import io.posthorn.delivery.endpoint.OAuthClient;
import io.posthorn.delivery.retry.RetryLadder;
import io.posthorn.delivery.signing.SigningSecret;
import io.posthorn.delivery.signing.SigningSecretSeal;
import io.posthorn.delivery.signing.WebhookSigner;
import io.posthorn.inbound.InboundConfig;
import io.posthorn.inbound.InboundConfigException;
import io.posthorn.inbound.InboundException;
import io.posthorn.inbound.InboundGateway;
import io.posthorn.inbound.InboundListener;
import io.posthorn.inbound.InboundSchema;
import io.posthorn.inbound.InboundSettings;
import io.posthorn.inbound.IngestOutcome;
import io.posthorn.inbound.verify.Verdict;
import io.posthorn.registry.EndpointRegistry;
import io.posthorn.registry.RegistryConfig;
import io.posthorn.registry.RegistryConfigException;
import io.posthorn.registry.RegistryException;
import io.posthorn.registry.RegistryListener;
import io.posthorn.registry.RegistrySchema;
import io.posthorn.registry.RegistrySettings;
import io.posthorn.relay.EngineRestart;
import io.posthorn.relay.OutboxRelay;
import io.posthorn.relay.RelayConfig;
import io.posthorn.relay.RelayConfigException;
import io.posthorn.relay.RelayException;
import io.posthorn.relay.RelayGaveUpException;
import io.posthorn.relay.RelayListener;
import io.posthorn.relay.RelayMetrics;
import io.posthorn.relay.RelayRecords;
import io.posthorn.relay.RelaySettings;
import io.posthorn.relay.SlotLostException;
import io.posthorn.relay.SlotStatus;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The public face of each component (docs/decisions/0030): the types {@code ops}, the e2e tests and
 * the Kafka Connect plugin ({@code outbox-relay-connect}) may use, checked over every Posthorn
 * class on this module's class path. A component's other classes are package-private, or public
 * only because another package of the same component uses them; no class outside the component may
 * use those. Adding a type to a face is a change to this list, made on purpose.
 */
@AnalyzeClasses(packages = "io.posthorn")
class PublicFacesTest {

  /** Each component's root package and its face. Nested types of a face type belong to it. */
  private static final List<Component> COMPONENTS =
      List.of(
          new Component(
              "outbox-relay",
              "io.posthorn.relay",
              Set.of(
                  OutboxRelay.class,
                  RelayConfig.class,
                  RelaySettings.class,
                  RelayListener.class,
                  RelayMetrics.class,
                  // The mapping the Kafka Connect plugin shares (decision 0050).
                  RelayRecords.class,
                  SlotStatus.class,
                  EngineRestart.class,
                  RelayException.class,
                  RelayConfigException.class,
                  RelayGaveUpException.class,
                  SlotLostException.class)),
          new Component(
              "delivery-worker",
              "io.posthorn.delivery",
              Set.of(
                  DeliveryWorker.class,
                  WorkerConfig.class,
                  WorkerSettings.class,
                  DeliveryListener.class,
                  DeliveryException.class,
                  WorkerConfigException.class,
                  // What a listener is told about an attempt.
                  DeliveryRequest.class,
                  AttemptOutcome.class,
                  // How a listener hands its attempt span's id to the request's traceparent.
                  AttemptSpanId.class,
                  // Values in the config and in the endpoints the dev stack writes directly.
                  RetryLadder.class,
                  ConnectionPooling.class,
                  EgressProxy.class,
                  SigningSecretSeal.class,
                  SigningSecret.class,
                  Endpoint.class,
                  EndpointSecret.class,
                  EventTypeFilter.class,
                  OAuthClient.class,
                  EndpointTls.class,
                  EndpointTopicWriter.class,
                  // The signature scheme, which `posthorn verify` checks against.
                  WebhookSigner.class)),
          new Component(
              "endpoint-registry",
              "io.posthorn.registry",
              Set.of(
                  EndpointRegistry.class,
                  RegistryConfig.class,
                  RegistrySettings.class,
                  RegistryListener.class,
                  // The database migration, which `posthorn migrate` and the tests run.
                  RegistrySchema.class,
                  RegistryException.class,
                  RegistryConfigException.class)),
          new Component(
              "inbound-gateway",
              "io.posthorn.inbound",
              Set.of(
                  InboundGateway.class,
                  InboundConfig.class,
                  InboundSettings.class,
                  InboundListener.class,
                  IngestOutcome.class,
                  // The database migration, which `posthorn migrate` may run.
                  InboundSchema.class,
                  InboundException.class,
                  InboundConfigException.class,
                  // Why a request was refused, as a listener is told.
                  Verdict.class)));

  @ArchTest
  static final ArchRule opsAndEndToEndTestsUseOnlyTheFaces =
      noClasses()
          .that()
          .resideInAnyPackage("io.posthorn.ops..", "io.posthorn.e2e..")
          .should()
          .dependOnClassesThat(behindAFace())
          .because("a component's internals may change without notice (docs/decisions/0030)");

  /** The Kafka Connect plugin packages the relay's mapping through its face (decision 0050). */
  @ArchTest
  static final ArchRule theConnectPluginUsesOnlyTheRelaysFace =
      noClasses()
          .that()
          .resideInAPackage("io.posthorn.connect..")
          .should()
          .dependOnClassesThat(behindAFace())
          .because("the plugin must map rows exactly as the embedded relay, through RelayRecords");

  @ArchTest
  static final ArchRule internalsArePublicOnlyForTheirOwnComponent =
      classes()
          .that(behindAFace())
          .and()
          .areTopLevelClasses()
          .and()
          .arePublic()
          .should(beUsedFromAnotherPackageOfTheirComponent())
          .because("a class no other package of its component uses is package-private");

  @ArchTest
  static final ArchRule facesShowOnlyFaceTypes =
      classes().that(onAFace()).should(showOnlyFaceTypesInTheirPublicMembers());

  private record Component(String module, String rootPackage, Set<Class<?>> face) {
    boolean owns(JavaClass c) {
      return elementName(c).startsWith(rootPackage + ".");
    }

    boolean shows(JavaClass c) {
      String name = elementName(c);
      return face.stream()
          .anyMatch(f -> name.equals(f.getName()) || name.startsWith(f.getName() + "$"));
    }
  }

  /** The class's name, or for an array its elements' (ArchUnit may not resolve those). */
  private static String elementName(JavaClass c) {
    return c.getName().replaceAll("^\\[+L(.*);$", "$1");
  }

  private static Optional<Component> componentOf(JavaClass c) {
    return COMPONENTS.stream().filter(m -> m.owns(c)).findFirst();
  }

  private static DescribedPredicate<JavaClass> behindAFace() {
    return DescribedPredicate.describe(
        "are behind a component's face", c -> componentOf(c).map(m -> !m.shows(c)).orElse(false));
  }

  private static DescribedPredicate<JavaClass> onAFace() {
    return DescribedPredicate.describe(
        "are on a component's face", c -> componentOf(c).map(m -> m.shows(c)).orElse(false));
  }

  private static ArchCondition<JavaClass> beUsedFromAnotherPackageOfTheirComponent() {
    return new ArchCondition<>("be used from another package of their component") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        Component m = componentOf(c).orElseThrow();
        Predicate<JavaClass> elsewhereInComponent =
            o -> m.owns(o) && !o.getPackageName().equals(c.getPackageName());
        // Used directly, or as a parameter of a method another package calls (a lambda or a
        // method reference passed there names no type).
        boolean used =
            c.getDirectDependenciesToSelf().stream()
                    .anyMatch(d -> elsewhereInComponent.test(d.getOriginClass()))
                || Stream.concat(
                        c.getMethodsWithParameterTypeOfSelf().stream(),
                        c.getConstructorsWithParameterTypeOfSelf().stream())
                    .flatMap(u -> u.getAccessesToSelf().stream())
                    .anyMatch(a -> elsewhereInComponent.test(a.getOriginOwner()));
        if (!used) {
          events.add(
              SimpleConditionEvent.violated(
                  c,
                  c.getName()
                      + " is public, but no other package of "
                      + m.module()
                      + " uses it: make it package-private"));
        }
      }
    };
  }

  private static ArchCondition<JavaClass> showOnlyFaceTypesInTheirPublicMembers() {
    return new ArchCondition<>("show only face types in their public members") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        if (!c.getModifiers().contains(JavaModifier.PUBLIC)) {
          return;
        }
        for (JavaCodeUnit u : c.getCodeUnits()) {
          if (!u.getModifiers().contains(JavaModifier.PUBLIC)) {
            continue;
          }
          Stream.concat(Stream.of(u.getRawReturnType()), u.getRawParameterTypes().stream())
              .filter(t -> behindAFace().test(t))
              .forEach(t -> events.add(violation(u.getFullName(), t)));
        }
        for (JavaField f : c.getFields()) {
          if (f.getModifiers().contains(JavaModifier.PUBLIC)
              && behindAFace().test(f.getRawType())) {
            events.add(violation(f.getFullName(), f.getRawType()));
          }
        }
      }

      private ConditionEvent violation(String member, JavaClass type) {
        return SimpleConditionEvent.violated(
            member, member + " shows " + type.getName() + ", which is behind its component's face");
      }
    };
  }
}
