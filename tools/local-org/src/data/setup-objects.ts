/**
 * Setup, metadata and system objects the local org knows: groups and roles, profiles, permission sets and their
 * assignments, custom permissions, the organization, object/field permissions, EntityDefinition/FieldDefinition,
 * Apex classes, triggers and async jobs, cron triggers, email, files (ContentVersion/Document/Link), feed items,
 * sites, named credentials, static resources, business hours. Setup objects take part in mixed-DML checks.
 */
import type { StandardObjectSpec } from './standard-fields.js';
import { ro, req, pick, ref, owner } from './standard-fields.js';

export const SETUP_OBJECTS: Record<string, StandardObjectSpec> = {
  Group: {
    fields: [
      ['Name', 'string', { ...req, length: 40, nameField: true }],
      ['DeveloperName', 'string', { length: 80 }],
      [
        'Type',
        'picklist',
        {
          ...pick('Regular', 'Queue', 'Role', 'RoleAndSubordinates', 'Organization', 'Manager', 'AllCustomerPortal'),
          defaultValue: "'Regular'",
        },
      ],
      ['Email', 'email', { length: 255 }],
      ['DoesIncludeBosses', 'boolean', {}],
      ['DoesSendEmailToMembers', 'boolean', {}],
      ['RelatedId', 'reference', ref(['User', 'UserRole'], 'Related')],
      owner,
    ],
  },
  GroupMember: {
    noSystemFields: true,
    updateable: false,
    fields: [
      [
        'GroupId',
        'reference',
        {
          ...req,
          updateable: false,
          ...ref('Group', 'Group', 'GroupMembers', { deleteConstraint: 'Cascade', cascadeDelete: true }),
        },
      ],
      ['UserOrGroupId', 'reference', { ...req, updateable: false, referenceTo: ['User', 'Group'] }],
      ['SystemModstamp', 'datetime', ro],
    ],
  },
  UserRole: {
    fields: [
      ['Name', 'string', { ...req, length: 80, nameField: true }],
      ['DeveloperName', 'string', { length: 80 }],
      ['ParentRoleId', 'reference', { referenceTo: ['UserRole'] }],
    ],
  },
  Profile: {
    fields: [
      ['Name', 'string', { ...req, length: 255, nameField: true }],
      ['Description', 'string', { length: 255 }],
      ['UserType', 'picklist', ro],
      ['UserLicenseId', 'reference', { ...ro, ...ref('UserLicense', 'UserLicense') }],
      // Object Reference, "Profile": one boolean Permissions<Name> field per user permission (a few of them here).
      ['PermissionsModifyAllData', 'boolean', ro],
      ['PermissionsViewAllData', 'boolean', ro],
      ['PermissionsViewSetup', 'boolean', ro],
      ['PermissionsCustomizeApplication', 'boolean', ro],
      ['PermissionsApiEnabled', 'boolean', ro],
      ['PermissionsEditTask', 'boolean', ro],
    ],
  },
  UserLicense: {
    createable: false,
    fields: [
      ['Name', 'string', { ...ro, nameField: true }],
      ['LicenseDefinitionKey', 'string', ro],
      ['Status', 'string', ro],
    ],
  },
  PermissionSet: {
    fields: [
      ['Name', 'string', { ...req, length: 80 }],
      ['Label', 'string', { ...req, length: 80, nameField: true }],
      ['Description', 'string', { length: 255 }],
      ['IsOwnedByProfile', 'boolean', ro],
      ['IsCustom', 'boolean', ro],
      ['NamespacePrefix', 'string', ro],
      ['Type', 'picklist', ro],
      ['ProfileId', 'reference', { ...ro, ...ref('Profile', 'Profile') }],
      ['PermissionSetGroupId', 'reference', { ...ro, ...ref('PermissionSetGroup', 'PermissionSetGroup') }],
      ['LicenseId', 'reference', { ...ro, referenceTo: ['UserLicense'] }],
    ],
  },
  PermissionSetGroup: {
    fields: [
      ['DeveloperName', 'string', { ...req, length: 80 }],
      ['MasterLabel', 'string', { ...req, length: 80, nameField: true }],
      ['Description', 'string', { length: 255 }],
      ['Status', 'picklist', { ...ro, ...pick('Updated', 'Outdated', 'Updating', 'Failed') }],
      ['NamespacePrefix', 'string', ro],
    ],
  },
  // Object Reference › PermissionSetGroupComponent: a permission set in a permission set group
  PermissionSetGroupComponent: {
    fields: [
      [
        'PermissionSetGroupId',
        'reference',
        { ...req, ...ref('PermissionSetGroup', 'PermissionSetGroup', 'PermissionSetGroupComponents') },
      ],
      ['PermissionSetId', 'reference', { ...req, ...ref('PermissionSet', 'PermissionSet') }],
    ],
  },
  PermissionSetAssignment: {
    updateable: false,
    fields: [
      [
        'AssigneeId',
        'reference',
        {
          ...req,
          ...ref('User', 'Assignee', 'PermissionSetAssignments', { deleteConstraint: 'Cascade', cascadeDelete: true }),
        },
      ],
      [
        'PermissionSetId',
        'reference',
        ref('PermissionSet', 'PermissionSet', 'Assignments', { deleteConstraint: 'Cascade', cascadeDelete: true }),
      ],
      [
        'PermissionSetGroupId',
        'reference',
        ref('PermissionSetGroup', 'PermissionSetGroup', 'Assignments', {
          deleteConstraint: 'Cascade',
          cascadeDelete: true,
        }),
      ],
      ['IsActive', 'boolean', { ...ro, defaultValue: 'true' }],
      ['ExpirationDate', 'datetime', {}],
    ],
  },
  CustomPermission: {
    createable: false,
    fields: [
      ['DeveloperName', 'string', { ...ro, length: 80 }],
      ['MasterLabel', 'string', { ...ro, length: 80, nameField: true }],
      ['Description', 'string', ro],
      ['NamespacePrefix', 'string', ro],
    ],
  },
  SetupEntityAccess: {
    fields: [
      ['ParentId', 'reference', { ...req, ...ref('PermissionSet', 'Parent', 'SetupEntityAccessItems') }],
      ['SetupEntityId', 'reference', { ...req, referenceTo: ['ApexClass', 'CustomPermission'] }],
      ['SetupEntityType', 'string', ro],
    ],
  },
  // The org's sales stages (Setup › Opportunity › Stage); read-only through the API. A new org has the
  // ten standard stages, of which 'Closed Won' is the only one with IsWon = true.
  OpportunityStage: {
    createable: false,
    deletable: false,
    fields: [
      ['MasterLabel', 'string', { ...ro, length: 255, nameField: true }],
      ['ApiName', 'string', { ...ro, length: 255 }],
      ['IsActive', 'boolean', ro],
      ['IsClosed', 'boolean', ro],
      ['IsWon', 'boolean', ro],
      ['DefaultProbability', 'percent', ro],
      ['ForecastCategory', 'picklist', ro],
      ['ForecastCategoryName', 'picklist', ro],
      ['SortOrder', 'integer', ro],
      ['Description', 'string', ro],
    ],
  },
  CustomNotificationType: {
    createable: false,
    fields: [
      ['DeveloperName', 'string', { ...ro, length: 80 }],
      ['MasterLabel', 'string', { ...ro, length: 80, nameField: true }],
      ['CustomNotifTypeName', 'string', ro],
      ['Description', 'string', ro],
      ['Desktop', 'boolean', ro],
      ['Mobile', 'boolean', ro],
      ['Slack', 'boolean', ro],
      ['NamespacePrefix', 'string', ro],
    ],
  },
  Organization: {
    createable: false,
    deletable: false,
    fields: [
      ['Name', 'string', { length: 80, nameField: true }],
      ['Division', 'string', ro],
      ['IsSandbox', 'boolean', ro],
      ['InstanceName', 'string', ro],
      ['OrganizationType', 'string', ro],
      ['NamespacePrefix', 'string', ro],
      ['TimeZoneSidKey', 'picklist', {}],
      ['LanguageLocaleKey', 'picklist', {}],
      ['DefaultLocaleSidKey', 'picklist', {}],
      ['Country', 'string', {}],
      ['PrimaryContact', 'string', {}],
      ['TrialExpirationDate', 'datetime', ro],
      ['IsReadOnly', 'boolean', ro],
      ['FiscalYearStartMonth', 'integer', ro],
      ['UsesStartDateAsFiscalYearName', 'boolean', ro],
      ['DefaultAccountAccess', 'picklist', ro],
      ['DefaultContactAccess', 'picklist', ro],
      ['DefaultOpportunityAccess', 'picklist', ro],
      ['DefaultLeadAccess', 'picklist', ro],
      ['DefaultCaseAccess', 'picklist', ro],
      ['DefaultCalendarAccess', 'picklist', ro],
      ['DefaultPricebookAccess', 'picklist', ro],
      ['DefaultCampaignAccess', 'picklist', ro],
      ['ReceivesInfoEmails', 'boolean', ro],
      ['ReceivesAdminInfoEmails', 'boolean', ro],
      ['PreferencesRequireOpportunityProducts', 'boolean', ro],
      ['MonthlyPageViewsEntitlement', 'integer', ro],
      ['MonthlyPageViewsUsed', 'integer', ro],
    ],
  },
  // Object Reference › ObjectPermissions, FieldPermissions: the permissions of a permission set (ParentId)
  ObjectPermissions: {
    fields: [
      ['ParentId', 'reference', { ...req, ...ref('PermissionSet', 'Parent', 'ObjectPerms') }],
      ['SobjectType', 'string', { ...req, length: 255 }],
      ['PermissionsRead', 'boolean', {}],
      ['PermissionsCreate', 'boolean', {}],
      ['PermissionsEdit', 'boolean', {}],
      ['PermissionsDelete', 'boolean', {}],
      ['PermissionsViewAllRecords', 'boolean', {}],
      ['PermissionsModifyAllRecords', 'boolean', {}],
      ['PermissionsViewAllFields', 'boolean', {}],
    ],
  },
  FieldPermissions: {
    fields: [
      ['ParentId', 'reference', { ...req, ...ref('PermissionSet', 'Parent', 'FieldPerms') }],
      ['SobjectType', 'string', { ...req, length: 255 }],
      ['Field', 'string', { ...req, length: 255 }],
      ['PermissionsRead', 'boolean', {}],
      ['PermissionsEdit', 'boolean', {}],
    ],
  },
  // Metadata catalog (Object Reference › EntityDefinition, FieldDefinition): one row per object / field of the schema
  EntityDefinition: {
    createable: false,
    updateable: false,
    deletable: false,
    noSystemFields: true,
    fields: [
      ['DurableId', 'string', ro],
      ['QualifiedApiName', 'string', { ...ro, length: 250 }],
      ['DeveloperName', 'string', { ...ro, length: 40 }],
      ['MasterLabel', 'string', { ...ro, nameField: true }],
      ['Label', 'string', ro],
      ['PluralLabel', 'string', ro],
      ['KeyPrefix', 'string', ro],
      ['NamespacePrefix', 'string', ro],
      ['IsCustomizable', 'boolean', ro],
      ['IsCustomSetting', 'boolean', ro],
      ['IsQueryable', 'boolean', ro],
      ['IsApexTriggerable', 'boolean', ro],
    ],
  },
  FieldDefinition: {
    createable: false,
    updateable: false,
    deletable: false,
    noSystemFields: true,
    fields: [
      ['DurableId', 'string', ro],
      ['QualifiedApiName', 'string', { ...ro, length: 250 }],
      ['DeveloperName', 'string', { ...ro, length: 40 }],
      ['MasterLabel', 'string', { ...ro, nameField: true }],
      ['Label', 'string', ro],
      ['DataType', 'string', ro],
      ['EntityDefinitionId', 'reference', { ...ro, ...ref('EntityDefinition', 'EntityDefinition', 'Fields') }],
      ['RelationshipName', 'string', ro],
      ['NamespacePrefix', 'string', ro],
      ['Length', 'integer', ro],
      ['Precision', 'integer', ro],
      ['Scale', 'integer', ro],
      ['IsCalculated', 'boolean', ro],
      ['IsNillable', 'boolean', ro],
      ['IsIndexed', 'boolean', ro],
      ['IsNameField', 'boolean', ro],
      ['IsApiFilterable', 'boolean', ro],
    ],
  },
  // setup object for the project's cachePartitions metadata (Object Reference › PlatformCachePartition)
  PlatformCachePartition: {
    createable: false,
    updateable: false,
    deletable: false,
    fields: [
      ['DeveloperName', 'string', { ...ro, length: 80 }],
      ['MasterLabel', 'string', { ...ro, length: 80, nameField: true }],
      ['NamespacePrefix', 'string', ro],
      ['Description', 'textarea', ro],
      ['IsDefaultPartition', 'boolean', ro],
    ],
  },
  ApexClass: {
    createable: false,
    fields: [
      ['Name', 'string', { ...ro, nameField: true }],
      ['NamespacePrefix', 'string', ro],
      ['Status', 'picklist', ro],
      ['ApiVersion', 'double', ro],
      ['IsValid', 'boolean', ro],
      ['LengthWithoutComments', 'integer', ro],
      ['Body', 'textarea', { ...ro, length: 1000000 }],
    ],
  },
  ApexTrigger: {
    createable: false,
    fields: [
      ['Name', 'string', { ...ro, nameField: true }],
      ['TableEnumOrId', 'string', ro],
      ['Status', 'picklist', ro],
      ['NamespacePrefix', 'string', ro],
    ],
  },
  AsyncApexJob: {
    createable: false,
    updateable: false,
    deletable: false,
    fields: [
      ['ApexClassId', 'reference', { ...ro, ...ref('ApexClass', 'ApexClass') }],
      ['MethodName', 'string', ro],
      [
        'JobType',
        'picklist',
        {
          ...ro,
          ...pick(
            'Future',
            'SharingRecalculation',
            'ScheduledApex',
            'BatchApex',
            'BatchApexWorker',
            'TestRequest',
            'TestWorker',
            'ApexToken',
            'Queueable',
          ),
        },
      ],
      [
        'Status',
        'picklist',
        { ...ro, ...pick('Holding', 'Queued', 'Preparing', 'Processing', 'Aborted', 'Completed', 'Failed') },
      ],
      ['ExtendedStatus', 'string', ro],
      ['NumberOfErrors', 'integer', ro],
      ['JobItemsProcessed', 'integer', ro],
      ['TotalJobItems', 'integer', ro],
      ['CompletedDate', 'datetime', ro],
      ['ParentJobId', 'reference', { ...ro, referenceTo: ['AsyncApexJob'] }],
      ['CronTriggerId', 'reference', { ...ro, ...ref('CronTrigger', 'CronTrigger') }],
      ['LastProcessed', 'string', ro],
      ['LastProcessedOffset', 'integer', ro],
    ],
  },
  CronJobDetail: {
    createable: false,
    noSystemFields: true,
    fields: [
      ['Name', 'string', { ...ro, nameField: true }],
      ['JobType', 'picklist', ro],
    ],
  },
  CronTrigger: {
    createable: false,
    updateable: false,
    fields: [
      ['CronJobDetailId', 'reference', { ...ro, ...ref('CronJobDetail', 'CronJobDetail') }],
      ['CronExpression', 'string', ro],
      [
        'State',
        'picklist',
        {
          ...ro,
          ...pick(
            'WAITING',
            'ACQUIRED',
            'EXECUTING',
            'COMPLETE',
            'ERROR',
            'DELETED',
            'PAUSED',
            'BLOCKED',
            'PAUSED_BLOCKED',
          ),
        },
      ],
      ['NextFireTime', 'datetime', ro],
      ['PreviousFireTime', 'datetime', ro],
      ['StartTime', 'datetime', ro],
      ['EndTime', 'datetime', ro],
      ['TimesTriggered', 'integer', ro],
      ['TimeZoneSidKey', 'string', ro],
      ['OwnerId', 'reference', { ...ro, ...ref('User', 'Owner') }],
    ],
  },
  OrgWideEmailAddress: {
    fields: [
      ['Address', 'email', { ...req, length: 270 }],
      ['DisplayName', 'string', { ...req, length: 300, nameField: true }],
      ['IsAllowAllProfiles', 'boolean', {}],
    ],
  },
  EmailTemplate: {
    fields: [
      ['Name', 'string', { ...req, length: 80, nameField: true }],
      ['DeveloperName', 'string', { ...req, length: 80 }],
      ['Subject', 'string', { length: 1000 }],
      ['Body', 'textarea', { length: 384000 }],
      ['HtmlValue', 'textarea', { length: 384000 }],
      ['IsActive', 'boolean', {}],
      ['FolderId', 'reference', { referenceTo: ['User', 'Organization'] }],
      ['TemplateType', 'picklist', pick('text', 'html', 'custom', 'visualforce')],
    ],
  },
  RecordType: {
    fields: [
      ['Name', 'string', { ...req, length: 80, nameField: true }],
      ['DeveloperName', 'string', { ...req, length: 80 }],
      ['SobjectType', 'picklist', req],
      ['IsActive', 'boolean', {}],
      ['NamespacePrefix', 'string', ro],
    ],
  },
  // Object Reference › ContentVersion / ContentDocument: inserting a version without a ContentDocumentId creates its
  // document (data/files.ts)
  ContentVersion: {
    fields: [
      ['Title', 'string', { length: 255, nameField: true }],
      ['PathOnClient', 'string', { length: 500 }],
      ['VersionData', 'base64', {}],
      ['ContentDocumentId', 'reference', ref('ContentDocument', 'ContentDocument', 'ContentVersions')],
      ['FirstPublishLocationId', 'reference', { referenceTo: ['User', 'Account', 'Contact', 'Case', 'Opportunity'] }],
      ['ContentLocation', 'picklist', pick('S', 'E', 'L')],
      ['Description', 'textarea', { length: 1000 }],
      ['ReasonForChange', 'string', { length: 1000 }],
      ['IsLatest', 'boolean', ro],
      ['FileExtension', 'string', { ...ro, length: 40 }],
      ['FileType', 'string', { ...ro, length: 20 }],
      ['ContentSize', 'integer', ro],
      ['VersionNumber', 'string', { ...ro, length: 20 }],
      owner,
    ],
  },
  ContentDocument: {
    createable: false,
    fields: [
      ['Title', 'string', { length: 255, nameField: true }],
      ['LatestPublishedVersionId', 'reference', { ...ro, ...ref('ContentVersion', 'LatestPublishedVersion') }],
      ['FileType', 'string', { ...ro, length: 20 }],
      ['FileExtension', 'string', { ...ro, length: 40 }],
      ['ContentSize', 'integer', ro],
      ['Description', 'textarea', { length: 1000 }],
      owner,
    ],
  },
  // Object Reference › EmailMessage, EmailMessageRelation
  EmailMessage: {
    fields: [
      ['Subject', 'string', { length: 3000, nameField: true }],
      ['TextBody', 'textarea', { length: 131072 }],
      ['HtmlBody', 'textarea', { length: 131072 }],
      ['Headers', 'textarea', { length: 32000 }],
      ['FromName', 'string', { length: 1000 }],
      ['FromAddress', 'email', { length: 1000 }],
      ['ToAddress', 'string', { length: 4000 }],
      ['CcAddress', 'string', { length: 4000 }],
      ['BccAddress', 'string', { length: 4000 }],
      ['ToIds', 'anytype', {}],
      ['CcIds', 'anytype', {}],
      ['BccIds', 'anytype', {}],
      ['Incoming', 'boolean', {}],
      ['Status', 'picklist', pick('0', '1', '2', '3', '4', '5')],
      ['IsClientManaged', 'boolean', {}],
      ['MessageDate', 'datetime', {}],
      ['RelatedToId', 'reference', { referenceTo: ['Account', 'Opportunity', 'Case', 'Contact'] }],
      ['ParentId', 'reference', ref('Case', 'Parent', 'EmailMessages')],
      ['ActivityId', 'reference', { referenceTo: ['Task'] }],
    ],
  },
  EmailMessageRelation: {
    fields: [
      ['EmailMessageId', 'reference', { ...req, ...ref('EmailMessage', 'EmailMessage', 'EmailMessageRelations') }],
      ['RelationId', 'reference', { referenceTo: ['Contact', 'Lead', 'User'] }],
      ['RelationType', 'picklist', pick('FromAddress', 'ToAddress', 'CcAddress', 'BccAddress')],
      ['RelationAddress', 'email', { length: 1000 }],
      ['RelationObjectType', 'string', ro],
    ],
  },
  ContentDistribution: {
    fields: [
      ['Name', 'string', { ...req, length: 100, nameField: true }],
      ['ContentVersionId', 'reference', { ...req, ...ref('ContentVersion', 'ContentVersion') }],
      ['ContentDocumentId', 'reference', { ...ro, ...ref('ContentDocument', 'ContentDocument') }],
      ['RelatedRecordId', 'reference', { referenceTo: ['Account', 'Contact', 'Case', 'Opportunity', 'User'] }],
      ['PreferencesAllowOriginalDownload', 'boolean', {}],
      ['PreferencesAllowPDFDownload', 'boolean', {}],
      ['PreferencesAllowViewInBrowser', 'boolean', {}],
      ['PreferencesExpires', 'boolean', {}],
      ['ExpiryDate', 'datetime', {}],
      ['DistributionPublicUrl', 'url', ro],
      ['ContentDownloadUrl', 'url', ro],
      owner,
    ],
  },
  ContentDocumentLink: {
    noSystemFields: true,
    fields: [
      [
        'ContentDocumentId',
        'reference',
        { ...req, ...ref('ContentDocument', 'ContentDocument', 'ContentDocumentLinks') },
      ],
      ['LinkedEntityId', 'reference', { ...req, referenceTo: ['User', 'Account', 'Contact', 'Case', 'Opportunity'] }],
      ['ShareType', 'picklist', pick('V', 'C', 'I')],
      ['Visibility', 'picklist', pick('AllUsers', 'InternalUsers', 'SharedUsers')],
      ['SystemModstamp', 'datetime', ro],
      ['IsDeleted', 'boolean', ro],
    ],
  },
  FeedItem: {
    fields: [
      ['ParentId', 'reference', { ...req, referenceTo: ['User', 'Account', 'Contact'] }],
      ['Body', 'textarea', { length: 10000 }],
      ['Type', 'picklist', {}],
    ],
  },
  // Object Reference › Site: "Represents a public website that is integrated with an org"; supported calls
  // describeSObjects(), query(), retrieve() (a site is made in Setup or deployed as CustomSite metadata: sites.ts).
  // Fields as the Salesforce Field Reference › Site lists them (the ones a deployed CustomSite sets).
  Site: {
    createable: false,
    updateable: false,
    deletable: false,
    fields: [
      ['Name', 'string', { ...ro, length: 80 }],
      ['MasterLabel', 'string', { ...ro, length: 255, nameField: true }],
      ['Subdomain', 'string', { ...ro, length: 80 }],
      ['UrlPathPrefix', 'string', { ...ro, length: 40 }],
      ['GuestUserId', 'reference', { ...ro, ...ref('User', 'GuestUser') }],
      ['GuestRecordDefaultOwnerId', 'reference', { ...ro, ...ref('User', 'GuestRecordDefaultOwner') }],
      ['AdminId', 'reference', { ...ro, ...ref('User', 'Admin') }],
      ['Status', 'picklist', { ...ro, ...pick('Active', 'Inactive') }],
      [
        'SiteType',
        'picklist',
        { ...ro, ...pick('Visualforce', 'Siteforce', 'ChatterNetwork', 'ChatterNetworkPicasso') },
      ],
      ['Description', 'textarea', { ...ro, length: 1000 }],
    ],
  },
  // Object Reference › SiteDetail: "the details of a Salesforce site or Experience Cloud site" (API 38.0+).
  // Supported calls: describeSObjects(), query(); DurableId is the id of the Site, SecureUrl its URL.
  SiteDetail: {
    createable: false,
    updateable: false,
    deletable: false,
    noSystemFields: true,
    fields: [
      ['DurableId', 'string', { ...ro, length: 255 }],
      ['IsRegistrationEnabled', 'boolean', ro],
      ['SecureUrl', 'url', { ...ro, length: 255 }],
    ],
  },
  NamedCredential: {
    createable: false,
    fields: [
      ['DeveloperName', 'string', ro],
      ['MasterLabel', 'string', { ...ro, nameField: true }],
      ['Endpoint', 'string', ro],
    ],
  },
  StaticResource: {
    createable: false,
    fields: [
      ['Name', 'string', { ...ro, nameField: true }],
      ['Body', 'base64', ro],
      ['BodyLength', 'integer', ro],
      ['ContentType', 'string', ro],
      ['CacheControl', 'picklist', ro],
      ['Description', 'textarea', ro],
      ['NamespacePrefix', 'string', ro],
    ],
  },
  BusinessHours: {
    createable: false,
    fields: [
      ['Name', 'string', { ...ro, nameField: true }],
      ['IsDefault', 'boolean', ro],
      ['IsActive', 'boolean', ro],
      ['TimeZoneSidKey', 'string', ro],
    ],
  },
};
