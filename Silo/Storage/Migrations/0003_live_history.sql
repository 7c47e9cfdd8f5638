-- Live card streams (Cereon.Grains.Live.ILiveHistoryStore): each stream's epoch and last seq, and its retained
-- messages, one row each. Messages are appended one by one, before they are delivered, which is what lets a stream
-- carry on without a gap after the silo hosting it dies; trimming deletes by primary-key range.

CREATE TABLE IF NOT EXISTS cereon_live_streams
(
    stream     text        NOT NULL PRIMARY KEY,
    epoch      text        NOT NULL,
    last_seq   bigint      NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS cereon_live_messages
(
    stream      text        NOT NULL,
    seq         bigint      NOT NULL,
    message_id  text        NOT NULL,
    produced_at timestamptz NOT NULL,
    record      bytea       NOT NULL,
    PRIMARY KEY (stream, seq)
);
