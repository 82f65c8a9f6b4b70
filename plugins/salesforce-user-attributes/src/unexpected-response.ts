import { FatalError, type TributaryErrorOptions } from 'tributary-kit';

/** A success answer that is not what the request asks for (`SF_UNEXPECTED_RESPONSE`, fatal): nothing is read from it. */
export function unexpectedResponse(message: string, details?: TributaryErrorOptions['details']): FatalError {
  return new FatalError('SF_UNEXPECTED_RESPONSE', message, { details });
}
