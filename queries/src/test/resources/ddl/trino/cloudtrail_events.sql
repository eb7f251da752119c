CREATE TABLE IF NOT EXISTS hive.flowsight.cloudtrail_events (
  "eventversion" varchar,
  "useridentity" row("type" varchar, "principalid" varchar, "arn" varchar, "accountid" varchar, "invokedby" varchar, "accesskeyid" varchar, "username" varchar, "sessioncontext" row("attributes" row("mfaauthenticated" varchar, "creationdate" varchar), "sessionissuer" row("type" varchar, "principalid" varchar, "arn" varchar, "accountid" varchar, "username" varchar), "ec2roledelivery" varchar, "webidfederationdata" map(varchar, varchar), "sourceidentity" varchar), "identitystorearn" varchar, "userid" varchar),
  "eventtime" varchar,
  "eventsource" varchar,
  "eventname" varchar,
  "awsregion" varchar,
  "sourceipaddress" varchar,
  "useragent" varchar,
  "errorcode" varchar,
  "errormessage" varchar,
  "requestparameters" varchar,
  "responseelements" varchar,
  "additionaleventdata" varchar,
  "requestid" varchar,
  "eventid" varchar,
  "resources" array(row("arn" varchar, "accountid" varchar, "type" varchar)),
  "eventtype" varchar,
  "apiversion" varchar,
  "readonly" varchar,
  "recipientaccountid" varchar,
  "serviceeventdetails" varchar,
  "sharedeventid" varchar,
  "vpcendpointid" varchar,
  "tlsdetails" row("tlsversion" varchar, "ciphersuite" varchar, "clientprovidedhostheader" varchar),
  "eventcategory" varchar,
  "managementevent" boolean,
  "sessioncredentialfromconsole" varchar,
  "vpcendpointaccountid" varchar,
  "addendum" varchar,
  "edgedevicedetails" varchar,
  "insightdetails" varchar,
  "event_time" timestamp(3),
  "dt" varchar,
  "hour" varchar
)
WITH (
  external_location = 's3://my-bucket/flowsight/cloudtrail_events',
  format = 'PARQUET',
  partitioned_by = ARRAY['dt', 'hour']
);
CALL hive.system.sync_partition_metadata('flowsight', 'cloudtrail_events', 'ADD');

