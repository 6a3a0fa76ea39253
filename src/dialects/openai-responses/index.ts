export { responsesDialect, type ResolvedTurn } from './dialect';
