-- Issue 14: PL/pgSQL caches the plans of risk_facts's queries per connection, but with the default
-- plan_cache_mode (auto) the planner kept choosing a custom plan for its large query on every call —
-- 0.69 ms of planning per submission (pg_stat_statements, risk bench) for a plan that is the same for
-- every buyer: each read is an index read by the buyer's id, ordered and limited by the index. A
-- generic plan is planned once per connection.
ALTER FUNCTION risk_facts(bigint, bigint, bigint, text, text, text, text[], timestamptz)
  SET plan_cache_mode = force_generic_plan;
