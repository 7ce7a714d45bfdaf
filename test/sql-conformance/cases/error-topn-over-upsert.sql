-- Top-N over an upsert stream (upsert-kafka: an update carries no retraction of the old row) is refused with its position
CREATE TABLE balances (
    account INT,
    balance DOUBLE,
    PRIMARY KEY (account) NOT ENFORCED
) WITH (
    'connector' = 'upsert-kafka',
    'topic' = 'balances',
    'properties.bootstrap.servers' = '127.0.0.1:9',
    'key.format' = 'json',
    'value.format' = 'json'
);

SELECT * FROM (
    SELECT account, balance, ROW_NUMBER() OVER (ORDER BY balance DESC) AS rn FROM balances
) WHERE rn <= 3;
