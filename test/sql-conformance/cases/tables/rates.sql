CREATE TABLE rates (
    currency STRING,
    rate DOUBLE,
    ts TIMESTAMP(3),
    PRIMARY KEY (currency) NOT ENFORCED,
    WATERMARK FOR ts AS ts - INTERVAL '5' MINUTE
) WITH (
    'connector' = 'filesystem',
    'path' = 'data/rates.json',
    'format' = 'json'
);
