-- Issue 14: the risk facts are read as subqueries of the submission's own read statement, which is a
-- named prepared statement (issue 13) and so planned once per connection, like the function was. The
-- PL/pgSQL call and the JSON it built cost as much as its reads (0.45 of 0.9 ms a submission): the
-- function goes. Its reads are unchanged (modules/risk/signals.ts, riskFacts).
DROP FUNCTION IF EXISTS risk_facts(bigint, bigint, bigint, text, text, text, text[], timestamptz);
