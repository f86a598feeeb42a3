// @ts-check
/**
 * Decorators of @typespec-stack/events. Each decorator records what it was told in a state map
 * (keys `@typespec-stack/events/<name>`, so a tool reads them with Symbol.for without importing
 * this module); rules that need the whole program (a channel without a direction, a channel
 * parameter the message lacks) are checked once in $onValidate.
 */
import { createTypeSpecLibrary, isService, paramMessage } from "@typespec/compiler";

export const $lib = createTypeSpecLibrary({
  name: "@typespec-stack/events",
  diagnostics: {
    "invalid-channel-address": {
      severity: "error",
      messages: {
        default: paramMessage`channel address "${"address"}" is not valid: ${"reason"}. Use dot-separated segments of letters, digits, "_" or "-", or a whole-segment parameter like "orders.{orderId}.created".`,
      },
    },
    "conflicting-direction": {
      severity: "error",
      messages: {
        default: paramMessage`operation "${"name"}" is marked both @publish and @subscribe; an event operation has one direction (declare two operations).`,
      },
    },
    "missing-direction": {
      severity: "error",
      messages: { default: paramMessage`operation "${"name"}" has @channel but neither @publish nor @subscribe.` },
    },
    "missing-channel": {
      severity: "error",
      messages: { default: paramMessage`operation "${"name"}" is marked @${"direction"} but has no @channel("...").` },
    },
    "invalid-message": {
      severity: "error",
      messages: {
        default: paramMessage`event operation "${"name"}" must take exactly one parameter whose type is a named model (the message), e.g. op ${"name"}(message: OrderCreated): void.`,
      },
    },
    "unknown-channel-parameter": {
      severity: "error",
      messages: {
        default: paramMessage`channel parameter {${"parameter"}} of "${"address"}" is not a required string or numeric property of message model ${"model"}.`,
      },
    },
    "invalid-message-key": {
      severity: "error",
      messages: { default: paramMessage`@messageKey on "${"name"}": a message key must be a string or numeric property.` },
    },
    "duplicate-message-key": {
      severity: "error",
      messages: { default: paramMessage`model ${"model"} has more than one @messageKey property ("${"first"}" and "${"second"}").` },
    },
    "emits-without-publisher": {
      severity: "error",
      messages: {
        default: paramMessage`@emits(${"model"}) on "${"name"}": no @publish operation sends ${"model"}; declare one, e.g. @publish @channel("...") op x(message: ${"model"}): void.`,
      },
    },
    "event-operation-in-service": {
      severity: "error",
      messages: {
        default: paramMessage`event operation "${"name"}" is inside the @service namespace ${"service"}, where @typespec/http would also route it as HTTP; declare it in a namespace outside the service (e.g. namespace ${"service"}Events { ... }).`,
      },
    },
    "emits-on-event-operation": {
      severity: "error",
      messages: {
        default: paramMessage`@emits on "${"name"}": only an HTTP operation can emit an event; "${"name"}" is itself an event operation.`,
      },
    },
  },
  state: {
    channel: { description: "Channel address of an event operation (@channel)." },
    direction: { description: "publish or subscribe (@publish / @subscribe)." },
    messageKey: { description: "Message key properties (@messageKey)." },
    emits: { description: "Event models an HTTP operation emits (@emits)." },
  },
});

const keys = $lib.stateKeys;
const SEGMENT = /^[A-Za-z0-9_-]+$/;
const PARAMETER = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

/**
 * The problem with an address, or undefined when it is fine.
 * @param {string} address
 * @returns {string | undefined}
 */
function addressProblem(address) {
  if (address.length === 0) return "it is empty";
  const seen = new Set();
  for (const segment of address.split(".")) {
    if (segment === "") return "it has an empty segment";
    const parameter = PARAMETER.exec(segment);
    if (parameter) {
      if (seen.has(parameter[1])) return `parameter {${parameter[1]}} appears twice`;
      seen.add(parameter[1]);
    } else if (!SEGMENT.test(segment)) {
      return `segment "${segment}" has characters brokers treat specially (wildcards, spaces, braces inside a segment)`;
    }
  }
  return undefined;
}

/** Names of the `{parameters}` of a channel address, in order. @param {string} address */
export function channelParameters(address) {
  return address.split(".").flatMap((segment) => {
    const match = PARAMETER.exec(segment);
    return match ? [match[1]] : [];
  });
}

/** @param {import("@typespec/compiler").DecoratorContext} context @param {import("@typespec/compiler").Operation} target @param {string} address */
function $channel(context, target, address) {
  const reason = addressProblem(address);
  if (reason !== undefined) {
    $lib.reportDiagnostic(context.program, {
      code: "invalid-channel-address",
      format: { address, reason },
      target: context.getArgumentTarget(0) ?? target,
    });
    return;
  }
  context.program.stateMap(keys.channel).set(target, address);
}

/**
 * @param {"publish" | "subscribe"} direction
 * @returns {(context: import("@typespec/compiler").DecoratorContext, target: import("@typespec/compiler").Operation) => void}
 */
function direction(direction) {
  return (context, target) => {
    const directions = context.program.stateMap(keys.direction);
    const existing = directions.get(target);
    if (existing !== undefined && existing !== direction) {
      $lib.reportDiagnostic(context.program, {
        code: "conflicting-direction",
        format: { name: target.name },
        target: context.decoratorTarget,
      });
      return;
    }
    directions.set(target, direction);
  };
}

/** @param {import("@typespec/compiler").DecoratorContext} context @param {import("@typespec/compiler").ModelProperty} target */
function $messageKey(context, target) {
  const type = target.type;
  if (type.kind !== "Scalar" || !isKeyScalar(context.program, type)) {
    $lib.reportDiagnostic(context.program, { code: "invalid-message-key", format: { name: target.name }, target: context.decoratorTarget });
    return;
  }
  context.program.stateSet(keys.messageKey).add(target);
}

/** @param {import("@typespec/compiler").DecoratorContext} context @param {import("@typespec/compiler").Operation} target @param {import("@typespec/compiler").Model} event */
function $emits(context, target, event) {
  const emits = context.program.stateMap(keys.emits);
  emits.set(target, [...(emits.get(target) ?? []), event]);
}

/** @param {import("@typespec/compiler").Program} program @param {import("@typespec/compiler").Scalar} scalar */
function isKeyScalar(program, scalar) {
  const checker = program.checker;
  return ["string", "numeric"].some((name) => {
    const std = checker.getStdType(/** @type {any} */ (name));
    return checker.isTypeAssignableTo(scalar, std, scalar)[0];
  });
}

/** The channel address of an event operation. @param {import("@typespec/compiler").Program} program @param {import("@typespec/compiler").Operation} op @returns {string | undefined} */
export function getChannel(program, op) {
  return program.stateMap(keys.channel).get(op);
}

/** @param {import("@typespec/compiler").Program} program @param {import("@typespec/compiler").Operation} op @returns {"publish" | "subscribe" | undefined} */
export function getDirection(program, op) {
  return program.stateMap(keys.direction).get(op);
}

/** @param {import("@typespec/compiler").Program} program @param {import("@typespec/compiler").ModelProperty} property */
export function isMessageKey(program, property) {
  return program.stateSet(keys.messageKey).has(property);
}

/** @param {import("@typespec/compiler").Program} program @param {import("@typespec/compiler").Operation} op @returns {import("@typespec/compiler").Model[]} */
export function getEmits(program, op) {
  return program.stateMap(keys.emits).get(op) ?? [];
}

/** The message model of an event operation: its one parameter's type, when that is a named model. @param {import("@typespec/compiler").Operation} op */
export function messageModel(op) {
  const params = [...op.parameters.properties.values()];
  if (params.length !== 1) return undefined;
  const type = params[0].type;
  return type.kind === "Model" && type.name !== "" && type.indexer === undefined ? type : undefined;
}

/** The @service namespace an operation sits in, if any. @param {import("@typespec/compiler").Program} program @param {import("@typespec/compiler").Operation} op */
function enclosingService(program, op) {
  for (let ns = op.interface?.namespace ?? op.namespace; ns !== undefined; ns = ns.namespace) {
    if (isService(program, ns)) return ns;
  }
  return undefined;
}

/** @param {import("@typespec/compiler").Program} program */
export function $onValidate(program) {
  const channels = program.stateMap(keys.channel);
  const directions = program.stateMap(keys.direction);
  const published = new Set();
  for (const [op, dir] of directions) {
    if (!channels.has(op))
      $lib.reportDiagnostic(program, { code: "missing-channel", format: { name: op.name, direction: dir }, target: op });
  }
  for (const [op, address] of channels) {
    if (!directions.has(op)) {
      $lib.reportDiagnostic(program, { code: "missing-direction", format: { name: op.name }, target: op });
      continue;
    }
    const service = enclosingService(program, op);
    if (service !== undefined) {
      $lib.reportDiagnostic(program, { code: "event-operation-in-service", format: { name: op.name, service: service.name }, target: op });
      continue;
    }
    const model = messageModel(op);
    if (model === undefined) {
      $lib.reportDiagnostic(program, { code: "invalid-message", format: { name: op.name }, target: op });
      continue;
    }
    if (directions.get(op) === "publish") published.add(model);
    for (const parameter of channelParameters(address)) {
      const property = model.properties.get(parameter);
      const ok = property !== undefined && !property.optional && property.type.kind === "Scalar" && isKeyScalar(program, property.type);
      if (!ok)
        $lib.reportDiagnostic(program, {
          code: "unknown-channel-parameter",
          format: { parameter, address, model: model.name },
          target: op,
        });
    }
  }
  const keyed = new Map();
  for (const property of program.stateSet(keys.messageKey)) {
    const model = property.model;
    if (model === undefined) continue;
    const first = keyed.get(model);
    if (first !== undefined) {
      $lib.reportDiagnostic(program, {
        code: "duplicate-message-key",
        format: { model: model.name, first: first.name, second: property.name },
        target: property,
      });
    } else keyed.set(model, property);
  }
  for (const [op, events] of program.stateMap(keys.emits)) {
    if (directions.has(op)) {
      $lib.reportDiagnostic(program, { code: "emits-on-event-operation", format: { name: op.name }, target: op });
      continue;
    }
    for (const event of events) {
      if (!published.has(event))
        $lib.reportDiagnostic(program, { code: "emits-without-publisher", format: { model: event.name, name: op.name }, target: op });
    }
  }
}

export const $decorators = {
  "TypeSpecStack.Events": {
    channel: $channel,
    publish: direction("publish"),
    subscribe: direction("subscribe"),
    messageKey: $messageKey,
    emits: $emits,
  },
};
