import * as kafkajs from 'kafkajs';
import { isRetriableKafkaFailure } from '../../../src/platform/kafka';

const { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded } = kafkajs;
// The options kafkajs' errors take at run time (src/errors.js), which its type declarations leave out.
const KafkaJSProtocolError = kafkajs.KafkaJSProtocolError as new (message: string, options: { retriable: boolean }) => kafkajs.KafkaJSProtocolError;
const KafkaJSNonRetriableError = kafkajs.KafkaJSNonRetriableError as new (error: Error, options: { cause: Error }) => kafkajs.KafkaJSNonRetriableError;

describe(isRetriableKafkaFailure.name, () => {
  const connectionLost = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9093');
  const notLeader = new KafkaJSProtocolError('This server is not the leader for that topic-partition', { retriable: true });
  const messageTooLarge = new KafkaJSProtocolError('The request included a message larger than the max message size', { retriable: false });

  it.each([
    ['a lost connection', connectionLost, true],
    ['a moved leader', notLeader, true],
    ['a lost connection after kafkajs gave up (wrapped)', new KafkaJSNumberOfRetriesExceeded(connectionLost, { retryCount: 0, retryTime: 0 }), true],
    // How kafkajs' retrier wraps a failure of a nested retrier: the original stays the cause.
    ['a moved leader wrapped twice', new KafkaJSNonRetriableError(new KafkaJSNumberOfRetriesExceeded(notLeader, { retryCount: 0, retryTime: 0 }), { cause: notLeader }), true],
    ['a message too large', messageTooLarge, false],
    ['a message too large, wrapped', new KafkaJSNonRetriableError(messageTooLarge, { cause: messageTooLarge }), false],
    ['an error that is not from kafkajs', new TypeError('x is undefined'), false],
  ])('should tell whether resending after %s may succeed: %s', (_label, error, retriable) => {
    expect(isRetriableKafkaFailure(error)).toBe(retriable);
  });
});
