/** The domain: Article, Sentence, PlaceMention, TimeRef, ActorMention, ChronicleEvent, Issue, Span and ports. */
export * from './span.js';
export * from './issue.js';
export * from './article.js';
export * from './sentence.js';
export * from './place.js';
export * from './place-candidate.js';
export * from './time-ref.js';
export * from './actor.js';
export * from './event.js';
export * from './analysis.js';
export * from './ports.js';
