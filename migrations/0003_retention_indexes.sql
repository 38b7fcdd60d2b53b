-- Retention prunes audit events and metric samples by age across every cluster (the hourly cron).
CREATE INDEX audit_events_time ON audit_events(request_received_at);
CREATE INDEX metric_samples_ts ON metric_samples(ts);
