-- State store of the Library platform: the last value of every key, the event log and
-- the last committed sequence. Values are JSON kept as text (cast with ::jsonb to query).
CREATE TABLE library_state_meta (
	name VARCHAR(64) PRIMARY KEY,
	num BIGINT NOT NULL
);

INSERT INTO library_state_meta (name, num) VALUES ('last_sequence', 0);

CREATE TABLE library_state_entry (
	state_key VARCHAR(256) PRIMARY KEY,
	version BIGINT NOT NULL,
	sequence BIGINT NOT NULL,
	deleted BOOLEAN NOT NULL,
	value_json TEXT,
	ts_epoch_nanos BIGINT NOT NULL,
	source VARCHAR(128) NOT NULL,
	quality VARCHAR(16)
);

CREATE TABLE library_state_event (
	sequence BIGINT PRIMARY KEY,
	state_key VARCHAR(256) NOT NULL,
	change_type VARCHAR(8) NOT NULL,
	version BIGINT NOT NULL,
	ts_epoch_nanos BIGINT NOT NULL,
	source VARCHAR(128) NOT NULL,
	quality VARCHAR(16),
	value_json TEXT,
	created BOOLEAN NOT NULL
);

CREATE INDEX library_state_event_key ON library_state_event (state_key, sequence);
CREATE INDEX library_state_event_time ON library_state_event (ts_epoch_nanos);
